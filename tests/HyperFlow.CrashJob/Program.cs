using HyperFlow;
using HyperFlow.CrashJob;

// Runs the sensor-windows job with checkpoints to the end of its input, restoring from the latest
// checkpoint in the directory: the recovery test kills it with SIGKILL at random moments and starts it
// again on the same directories. Prints "started" before the job runs and "finished" after it ends.
if (CrashJobSettings.Parse(args, out string? error) is not { } settings)
{
    Console.Error.WriteLine($"{error}\n{CrashJobSettings.Usage}");
    return 2;
}

Console.WriteLine($"started parallelism={settings.Parallelism} events={settings.Events} interval-ms={settings.IntervalMs} rate={settings.RatePerMs} state-backend={settings.StateBackend}");
try
{
    JobResult result = await CrashJobRunner.RunAsync(settings, new ConsoleLogger());
    Console.WriteLine($"finished read={result.RecordsRead} written={result.RecordsWritten} last-checkpoint={result.LastCheckpointId} elapsed-ms={result.Elapsed.TotalMilliseconds:F0}");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"failed: {ex}");
    return 1;
}
