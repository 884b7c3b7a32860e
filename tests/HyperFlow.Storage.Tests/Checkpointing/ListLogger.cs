using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Tests.Checkpointing;

/// <summary>Keeps every log entry, for tests that assert a failure is logged.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Lock _lock = new();
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string message = formatter(state, exception) + (exception is null ? string.Empty : " | " + exception.Message);
        lock (_lock)
        {
            _entries.Add((logLevel, message));
        }
    }
}
