using Microsoft.Extensions.Logging;

namespace HyperFlow.CrashJob;

/// <summary>
/// Writes the engine's information and higher messages to standard output, one line each, so that the
/// recovery test sees which checkpoint a run restored from and which ones it completed.
/// </summary>
internal sealed class ConsoleLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Console.WriteLine($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
        }
    }
}
