namespace Waymark.Workspaces.DataClasses;

/// <summary>
/// How a trait or property value is handled. Unknown keys are <see cref="Personal"/>: a key is only stored in
/// plaintext after someone decided it holds nothing personal.
/// </summary>
public enum DataClass
{
    Public = 0,
    Personal = 1,
    Phi = 2,
}
