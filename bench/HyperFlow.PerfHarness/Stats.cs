namespace HyperFlow.PerfHarness;

/// <summary>Min, median and max of a set of measurements.</summary>
/// <param name="Min">The smallest.</param>
/// <param name="Median">The median.</param>
/// <param name="Max">The largest.</param>
internal sealed record Stats(double Min, double Median, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new Stats(sorted[0], median, sorted[^1]);
    }
}
