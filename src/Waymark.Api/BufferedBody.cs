using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Waymark.Api;

/// <summary>
/// A request body read once into memory, with a hard size limit, so that authentication (a write key in the body)
/// and the endpoint share one read. Decompression has already happened in the request-decompression middleware.
/// </summary>
public sealed class BufferedBody
{
    private BufferedBody(byte[] bytes, int length, bool tooLarge)
    {
        Bytes = bytes;
        Length = length;
        TooLarge = tooLarge;
    }

    public byte[] Bytes { get; }

    public int Length { get; }

    public bool TooLarge { get; }

    public ReadOnlyMemory<byte> Memory => Bytes.AsMemory(0, Length);

    public static async ValueTask<BufferedBody> ReadAsync(HttpContext context, int limit)
    {
        if (context.Features.Get<BufferedBody>() is { } existing)
        {
            return existing;
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit + 1, 16 * 1024));
        var tooLarge = false;
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await context.Request.Body.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                tooLarge = true;
                break;
            }
        }

        var body = new BufferedBody(buffer.WrittenMemory.ToArray(), buffer.WrittenCount, tooLarge);
        context.Features.Set(body);
        return body;
    }
}
