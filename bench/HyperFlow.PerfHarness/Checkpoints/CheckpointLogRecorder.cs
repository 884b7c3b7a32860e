using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>
/// A logger for <see cref="JobOptions.Logger"/> that keeps what the checkpoint coordinator logs about each
/// checkpoint (trigger, completion with duration and stored size, abort with the reason), read from the
/// structured fields of its log messages, with the time each arrived.
/// </summary>
internal sealed class CheckpointLogRecorder : ILogger
{
    // The coordinator's log messages (CheckpointingLog in HyperFlow.Runtime) and their fields.
    private const int TriggeredEvent = 40;
    private const int CompletedEvent = 41;
    private const int AbortedEvent = 42;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, long> _triggeredAt = [];
    private readonly List<CheckpointRecord> _completed = [];
    private readonly List<string> _aborted = [];

    /// <summary>The completed checkpoints, in the order they completed.</summary>
    public IReadOnlyList<CheckpointRecord> Completed
    {
        get
        {
            lock (_lock)
            {
                return [.. _completed];
            }
        }
    }

    /// <summary>Stopwatch timestamps of the triggers, in order.</summary>
    public IReadOnlyList<long> Triggers
    {
        get
        {
            lock (_lock)
            {
                return [.. _triggeredAt.Values.Order()];
            }
        }
    }

    /// <summary>The reasons of the aborted checkpoints.</summary>
    public IReadOnlyList<string> Aborted
    {
        get
        {
            lock (_lock)
            {
                return [.. _aborted];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    // Debug too: the trigger message is a debug one.
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id is not (TriggeredEvent or CompletedEvent or AbortedEvent) || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        long id = Field<long>(fields, "Id");
        lock (_lock)
        {
            switch (eventId.Id)
            {
                case TriggeredEvent:
                    _triggeredAt[id] = now;
                    break;
                case CompletedEvent:
                    _completed.Add(new CheckpointRecord(id, _triggeredAt.GetValueOrDefault(id), now, Field<double>(fields, "ElapsedMs"), Field<long>(fields, "StoredBytes")));
                    break;
                default:
                    _aborted.Add($"checkpoint {id}: {Field<string>(fields, "Reason")}");
                    break;
            }
        }
    }

    private static TValue Field<TValue>(IReadOnlyList<KeyValuePair<string, object?>> fields, string name)
    {
        foreach (KeyValuePair<string, object?> field in fields)
        {
            if (field.Key == name && field.Value is TValue value)
            {
                return value;
            }
        }

        throw new InvalidOperationException($"The checkpoint log message has no field '{name}' of type {typeof(TValue).Name}; CheckpointingLog in HyperFlow.Runtime changed, so update CheckpointLogRecorder.");
    }
}
