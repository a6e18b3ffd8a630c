using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Writing;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Ingest.Sealing;

/// <summary>
/// Turns validated calls into rows: each trait and property goes to its class (public plaintext, personal sealed,
/// PHI sealed apart), subject ids become keyed hashes, and everything personal is sealed under the subject's own key.
/// </summary>
internal sealed class CallSealer(KeyRing keyRing)
{
    /// <summary>Longer values (free text) are not blind-indexed: equality search on them is not useful.</summary>
    private const int MaxBlindIndexedLength = 256;

    public async Task<WriteRequest> SealAsync(WorkspaceKeys workspace, DataClassMap classes, IReadOnlyList<IncomingCall> calls, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var subjects = new HashSet<SubjectHash>();
        var plan = new (SubjectKind Kind, string Id, SubjectHash Hash, SubjectHash? Company)[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            SubjectHash? company = call.GroupId is { } groupId && call.Type == CallType.Group ? workspace.HashSubject(SubjectKind.Company, groupId) : null;
            if (company is { } c)
            {
                subjects.Add(c);
            }

            if (call.CompanyOnly)
            {
                plan[i] = (SubjectKind.Company, call.GroupId!, company!.Value, company);
                continue;
            }

            var (kind, id) = call.UserId is { } userId ? (SubjectKind.User, userId) : (SubjectKind.Anonymous, call.AnonymousId!);
            var hash = workspace.HashSubject(kind, id);
            subjects.Add(hash);
            plan[i] = (kind, id, hash, company);
        }

        var keys = await keyRing.GetOrCreateSubjectKeysAsync(workspace, subjects, cancellationToken);
        var events = new List<EventRow>(calls.Count);
        var profiles = new List<ProfileChange>();
        var received = receivedAt.ToUnixTimeMilliseconds();
        var split = new TraitSplit();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            var (kind, id, hash, company) = plan[i];
            var timestamp = call.Timestamp?.ToUnixTimeMilliseconds() ?? received;
            long? messageKey = call.MessageId is { } messageId ? workspace.MessageKey(messageId) : null;
            if (company is { } companyHash)
            {
                profiles.Add(ProfileFor(SubjectKind.Company, call.GroupId!, keys[companyHash], workspace, classes, call.Traits, timestamp, call.CompanyOnly ? null : hash.ToBytes(), !call.CompanyOnly, messageKey));
            }

            if (call.CompanyOnly)
            {
                continue;
            }

            var subjectKey = keys[hash];
            if (call.Type == CallType.Identify)
            {
                profiles.Add(ProfileFor(kind, id, subjectKey, workspace, classes, call.Traits, timestamp, null, false, messageKey));
            }

            split.Reset(classes, call.Properties, call.Traits);
            events.Add(new EventRow
            {
                WorkspaceId = workspace.WorkspaceId,
                MessageKey = messageKey,
                SubjectHash = hash.ToBytes(),
                CompanyHash = company?.ToBytes(),
                Type = (byte)call.Type,
                Name = call.Name,
                Timestamp = timestamp,
                ReceivedAt = received,
                PublicData = split.PublicJson(),
                SealedData = subjectKey.Seal(SealedPayload(call, split)),
                SealedPhi = split.HasPhi ? subjectKey.Seal(split.PhiJson()) : null,
            });
        }

        return new WriteRequest(events, profiles);
    }

    private static byte[] SealedPayload(IncomingCall call, TraitSplit split)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIfPresent(writer, EventPayload.MessageId, call.MessageId);
            WriteIfPresent(writer, EventPayload.UserId, call.UserId);
            WriteIfPresent(writer, EventPayload.AnonymousId, call.AnonymousId);
            WriteIfPresent(writer, EventPayload.GroupId, call.GroupId);
            WriteIfPresent(writer, EventPayload.PreviousId, call.PreviousId);
            split.WritePersonal(writer);
            if (call.Context is { } context)
            {
                writer.WritePropertyName(EventPayload.Context);
                context.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static ProfileChange ProfileFor(SubjectKind kind, string id, SubjectKey key, WorkspaceKeys workspace, DataClassMap classes, JsonElement? traits, long timestamp, byte[]? member, bool countsAsEvent, long? messageKey)
    {
        JsonObject publicTraits = [], personal = [], phi = [];
        var terms = new List<(string, byte[])>();
        if (traits is { } t)
        {
            foreach (var property in t.EnumerateObject())
            {
                var node = JsonSerializer.SerializeToNode(property.Value);
                switch (classes.Classify(property.Name))
                {
                    case DataClass.Public:
                        publicTraits[property.Name] = node;
                        break;
                    case DataClass.Phi:
                        phi[property.Name] = node;
                        break;
                    default:
                        personal[property.Name] = node;
                        if (kind != SubjectKind.Company && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 and <= MaxBlindIndexedLength } text)
                        {
                            terms.Add((property.Name, workspace.BlindIndexTerm(property.Name, text)));
                        }

                        break;
                }
            }
        }

        return new ProfileChange
        {
            Kind = kind,
            WorkspaceId = workspace.WorkspaceId,
            Key = key,
            SealedId = key.Seal(System.Text.Encoding.UTF8.GetBytes(id)),
            PublicTraits = publicTraits,
            PersonalTraits = personal,
            PhiTraits = phi,
            BlindTerms = terms,
            Timestamp = timestamp,
            MemberHash = member,
            CountsAsEvent = countsAsEvent,
            MessageKey = messageKey,
        };
    }
}
