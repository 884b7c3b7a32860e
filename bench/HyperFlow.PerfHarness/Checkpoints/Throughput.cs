namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>Unit conversions of the figures: megabytes are 10^6 bytes, as disks and networks count them.</summary>
internal static class Throughput
{
    public static double MegabytesPerSecond(long bytes, double milliseconds) => milliseconds <= 0 ? 0 : bytes / 1e6 / (milliseconds / 1e3);

    public static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
