using Microsoft.Extensions.Logging;

namespace TradeMonitor;

/// <summary>Writes the engine's information, warnings and errors to the console, one line each (checkpoints, restores, restarts).</summary>
internal sealed class ConsoleLog : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string line = $"  [{logLevel}] {formatter(state, exception)}{(exception is null ? string.Empty : ": " + exception.Message)}";
        if (logLevel >= LogLevel.Warning)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            Console.WriteLine(line);
        }
    }
}
