using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Waymark.Bench;

/// <summary>The shapes both modes share: event names, users and Segment-style calls as analytics-node sends them.</summary>
internal static class EventData
{
    /// <summary>Event names of about 12 characters, as product analytics typically names them.</summary>
    public static readonly string[] Names =
    [
        "Page Viewed", "Button Click", "Signed Up", "Order Placed", "Item Added", "Search Done", "Video Played",
        "Form Started", "Plan Changed", "Invite Sent", "File Uploaded", "Report Viewed", "Tour Finished", "Survey Shown",
    ];

    private static readonly string[] Plans = ["free", "starter", "pro", "enterprise"];
    private static readonly string[] Paths = ["/", "/pricing", "/docs/getting-started", "/app/dashboard", "/app/settings", "/blog/launch"];
    private static readonly string[] Currencies = ["EUR", "USD", "GBP"];

    public static string UserId(int user) => "user_" + user.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>A unique message id in UUID form, as the Segment libraries generate them.</summary>
    public static string MessageId(XorShift rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.Fill(bytes);
        return new Guid(bytes).ToString();
    }

    /// <summary>
    /// One <c>/v1/batch</c> body. <paramref name="userOf"/> picks the user of the n-th call; a share of
    /// <paramref name="identifyPercent"/> calls are identify calls with email, name and plan traits.
    /// </summary>
    public static byte[] Batch(XorShift rng, int calls, Func<int, int> userOf, double identifyPercent, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(calls * 360);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batch");
            for (var i = 0; i < calls; i++)
            {
                var user = userOf(i);
                var timestamp = now.AddMilliseconds(-rng.Next(3_600_000));
                if (rng.NextDouble() * 100 < identifyPercent)
                {
                    WriteIdentify(writer, rng, user, timestamp);
                }
                else
                {
                    WriteTrack(writer, rng, user, timestamp);
                }
            }

            writer.WriteEndArray();
            writer.WriteString("sentAt", now);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A track call with 3 or 4 properties and the library context every Segment library adds.</summary>
    public static void WriteTrack(Utf8JsonWriter writer, XorShift rng, int user, DateTimeOffset timestamp)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "track");
        writer.WriteString("userId", UserId(user));
        writer.WriteString("event", Names[rng.Next(Names.Length)]);
        writer.WriteString("messageId", MessageId(rng));
        writer.WriteStartObject("properties");
        writer.WriteString("plan", Plans[rng.Next(Plans.Length)]);
        writer.WriteNumber("value", Math.Round(rng.NextDouble() * 500, 2));
        writer.WriteString("currency", Currencies[rng.Next(Currencies.Length)]);
        if (rng.Next(2) == 0)
        {
            writer.WriteString("path", Paths[rng.Next(Paths.Length)]);
        }

        writer.WriteEndObject();
        WriteContext(writer);
        writer.WriteString("timestamp", timestamp);
        writer.WriteEndObject();
    }

    private static void WriteIdentify(Utf8JsonWriter writer, XorShift rng, int user, DateTimeOffset timestamp)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "identify");
        writer.WriteString("userId", UserId(user));
        writer.WriteString("messageId", MessageId(rng));
        writer.WriteStartObject("traits");
        writer.WriteString("email", "user" + user.ToString(CultureInfo.InvariantCulture) + "@example.com");
        writer.WriteString("name", "User " + user.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("plan", Plans[rng.Next(Plans.Length)]);
        writer.WriteEndObject();
        WriteContext(writer);
        writer.WriteString("timestamp", timestamp);
        writer.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("context");
        writer.WriteStartObject("library");
        writer.WriteString("name", "@segment/analytics-node");
        writer.WriteString("version", "2.1.3");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
