using System.Text;

namespace Waymark.Ingest.Tests.Privacy;

/// <summary>Looks for a value in raw files (UTF-8 and UTF-16), the way someone holding a copy of the disk would.</summary>
internal static class RawFiles
{
    public static bool Contain(IEnumerable<string> files, string value)
    {
        byte[][] needles = [Encoding.UTF8.GetBytes(value), Encoding.Unicode.GetBytes(value)];
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                bytes = memory.ToArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (needles.Any(n => bytes.AsSpan().IndexOf(n) >= 0))
            {
                return true;
            }
        }

        return false;
    }
}
