namespace Waymark.Crypto.Keys;

/// <summary>Whose data a key protects. Each subject has its own data key, so each can be shredded alone.</summary>
public enum SubjectKind
{
    User = 1,
    Company = 2,
    Anonymous = 3,
}
