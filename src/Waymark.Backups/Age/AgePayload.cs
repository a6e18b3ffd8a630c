using System.Buffers.Binary;
using NSec.Cryptography;

namespace Waymark.Backups.Age;

/// <summary>
/// The age payload: the STREAM construction over 64 KiB chunks, each sealed with ChaCha20-Poly1305 under a nonce
/// of an 11-byte big-endian chunk counter and a last-chunk flag. Both directions hold at most two chunks in memory.
/// </summary>
internal static class AgePayload
{
    public const int ChunkSize = 64 * 1024;
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;
    private static readonly int SealedChunkSize = ChunkSize + Aead.TagSize;

    public static async Task EncryptAsync(Stream plaintext, Stream ciphertext, Key key, CancellationToken cancellationToken)
    {
        // One byte beyond a chunk tells whether the chunk is the last one without a second read.
        var buffer = new byte[ChunkSize + 1];
        var sealedChunk = new byte[SealedChunkSize];
        var filled = await ReadFullyAsync(plaintext, buffer, 0, cancellationToken);
        for (ulong counter = 0; ; counter++)
        {
            var last = filled <= ChunkSize;
            var length = Math.Min(filled, ChunkSize);
            Aead.Encrypt(key, Nonce(counter, last), [], buffer.AsSpan(0, length), sealedChunk.AsSpan(0, length + Aead.TagSize));
            await ciphertext.WriteAsync(sealedChunk.AsMemory(0, length + Aead.TagSize), cancellationToken);
            if (last)
            {
                return;
            }

            buffer[0] = buffer[ChunkSize];
            filled = await ReadFullyAsync(plaintext, buffer, 1, cancellationToken);
        }
    }

    public static async Task DecryptAsync(AgeInput input, Stream plaintext, Key key, CancellationToken cancellationToken)
    {
        var buffer = new byte[SealedChunkSize + 1];
        var chunk = new byte[ChunkSize];
        var filled = await input.ReadFullyAsync(buffer, cancellationToken);
        for (ulong counter = 0; ; counter++)
        {
            var last = filled <= SealedChunkSize;
            var length = Math.Min(filled, SealedChunkSize);
            if (length < Aead.TagSize)
            {
                throw Truncated();
            }

            var sealedChunk = buffer.AsSpan(0, length);
            var plainLength = length - Aead.TagSize;
            // Decrypt authenticates before it writes, so no unauthenticated byte of a chunk is ever released.
            if (!Aead.Decrypt(key, Nonce(counter, last), [], sealedChunk, chunk.AsSpan(0, plainLength)))
            {
                throw last && Aead.Decrypt(key, Nonce(counter, last: false), [], sealedChunk, chunk.AsSpan(0, plainLength))
                    ? Truncated()
                    : Damaged();
            }

            if (last && plainLength == 0 && counter > 0)
            {
                throw Damaged();
            }

            await plaintext.WriteAsync(chunk.AsMemory(0, plainLength), cancellationToken);
            if (last)
            {
                return;
            }

            buffer[0] = buffer[SealedChunkSize];
            filled = 1 + await input.ReadFullyAsync(buffer.AsMemory(1), cancellationToken);
        }
    }

    public static AgeException Truncated() =>
        new(AgeFailure.PayloadTruncated,
            "This age file was cut short: its last part is missing. Copy the file again from its source (or use another copy of the backup); discard any output written so far.");

    private static AgeException Damaged() =>
        new(AgeFailure.PayloadDamaged,
            "This age file's contents were changed or damaged after encryption, so they cannot be trusted. Use another copy of the backup; discard any output written so far.");

    private static byte[] Nonce(ulong counter, bool last)
    {
        var nonce = new byte[Aead.NonceSize];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(3, 8), counter);
        nonce[^1] = last ? (byte)1 : (byte)0;
        return nonce;
    }

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, int offset, CancellationToken cancellationToken)
    {
        var total = offset;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
