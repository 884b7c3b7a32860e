using System.Globalization;

namespace HyperFlow.CrashJob;

/// <summary>
/// What one run of the crash job does: <c>HyperFlow.CrashJob &lt;checkpoint dir&gt; &lt;output dir&gt;
/// [--parallelism N] [--events N] [--interval-ms N] [--rate N] [--state-backend inmemory|faster]</c>.
/// </summary>
/// <param name="CheckpointDirectory">The job's checkpoint directory; a run restores from its latest checkpoint.</param>
/// <param name="OutputDirectory">The file sink's directory.</param>
internal sealed record CrashJobSettings(string CheckpointDirectory, string OutputDirectory)
{
    public const string Usage = "usage: HyperFlow.CrashJob <checkpoint dir> <output dir> [--parallelism N] [--events N] [--interval-ms N] [--rate N] [--state-backend inmemory|faster]";

    /// <summary>Subtasks per chain: 1 to <see cref="SensorSource.Partitions"/>.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Readings over all source partitions.</summary>
    public long Events { get; init; } = 1_000_000;

    /// <summary>The checkpoint interval in milliseconds.</summary>
    public int IntervalMs { get; init; } = 100;

    /// <summary>Readings per source partition and millisecond of wall time; 0 reads as fast as the job goes.</summary>
    public double RatePerMs { get; init; } = 60;

    /// <summary>Where the job keeps its keyed state: <c>inmemory</c> or <c>faster</c> (FASTER with native checkpoints and a small memory budget).</summary>
    public string StateBackend { get; init; } = "inmemory";

    /// <summary>Reads the command line; <c>null</c> and the reason when it is wrong.</summary>
    public static CrashJobSettings? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length < 2 || args.Length % 2 != 0)
        {
            error = "expected two directories and option-value pairs";
            return null;
        }

        var settings = new CrashJobSettings(args[0], args[1]);
        for (int i = 2; i < args.Length; i += 2)
        {
            if (args[i] == "--state-backend")
            {
                if (args[i + 1] is not ("inmemory" or "faster"))
                {
                    error = $"'--state-backend {args[i + 1]}' is not a state backend (inmemory or faster)";
                    return null;
                }

                settings = settings with { StateBackend = args[i + 1] };
                continue;
            }

            // NumberStyles.None: digits only, so every value is a whole number, 0 or more.
            bool valid = long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out long value);
            CrashJobSettings? next = (args[i], valid) switch
            {
                ("--parallelism", true) when value is >= 1 and <= SensorSource.Partitions => settings with { Parallelism = (int)value },
                ("--events", true) when value >= 1 => settings with { Events = value },
                ("--interval-ms", true) when value is >= 1 and <= int.MaxValue => settings with { IntervalMs = (int)value },
                ("--rate", true) => settings with { RatePerMs = value },
                _ => null,
            };
            if (next is null)
            {
                error = $"'{args[i]} {args[i + 1]}' is not a known option with a valid value (parallelism 1-{SensorSource.Partitions}, events and interval at least 1, rate 0 or more, whole numbers)";
                return null;
            }

            settings = next;
        }

        return settings;
    }
}
