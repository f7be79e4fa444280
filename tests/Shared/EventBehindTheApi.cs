using Npgsql;

namespace Chronology.Tests.Shared;

/// <summary>
/// Writes an event no edit could have written: a title change without the revision header, stored straight into
/// mt_events behind the write path's back, so every async projection fails on it. It stands for a bug of ours (an
/// event a projection cannot fold), which must stop that projection visibly rather than be skipped silently.
/// </summary>
public static class EventBehindTheApi
{
    /// <summary>Appends the event to <paramref name="stream"/>; returns its sequence number.</summary>
    public static async Task<long> AppendWithoutRevision(NpgsqlConnection connection, string schema, Guid stream)
    {
        await using var command = new NpgsqlCommand($$"""
            update {{schema}}.mt_streams set version = version + 1 where id = @stream;
            insert into {{schema}}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers, is_archived)
            select nextval('{{schema}}.mt_events_sequence'), gen_random_uuid(), @stream, max(version) + 1,
                   @data::jsonb, 'title_revised.v1', now(), '*DEFAULT*',
                   'Chronology.Domain.Records.TitleRevised, Chronology.Domain', '{}'::jsonb, false
            from {{schema}}.mt_events where stream_id = @stream
            returning seq_id;
            """, connection);
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("data", """{"title":{"en":"poisoned title"}}""");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
