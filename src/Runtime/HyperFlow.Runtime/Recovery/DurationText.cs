using System.Globalization;

namespace HyperFlow;

/// <summary>Short, unit-suffixed durations for log lines and messages: <c>500 ms</c>, <c>1 s</c>, <c>1.5 min</c>, <c>1 h</c>.</summary>
internal static class DurationText
{
    /// <summary>Formats a duration in the largest unit (h, min, s, ms) it reaches, with up to three decimals.</summary>
    /// <param name="duration">The duration; negative ones get a minus sign.</param>
    /// <returns>The text, invariant culture.</returns>
    public static string Format(TimeSpan duration)
    {
        // Through double so TimeSpan.MinValue, which has no positive counterpart, formats too.
        double ticks = Math.Abs((double)duration.Ticks);
        string sign = duration.Ticks < 0 ? "-" : string.Empty;
        (double value, string unit) = ticks switch
        {
            0 => (0d, "s"),
            >= TimeSpan.TicksPerHour => (ticks / TimeSpan.TicksPerHour, "h"),
            >= TimeSpan.TicksPerMinute => (ticks / TimeSpan.TicksPerMinute, "min"),
            >= TimeSpan.TicksPerSecond => (ticks / TimeSpan.TicksPerSecond, "s"),
            _ => (ticks / TimeSpan.TicksPerMillisecond, "ms"),
        };
        return sign + value.ToString(unit == "ms" ? "0.####" : "0.###", CultureInfo.InvariantCulture) + " " + unit;
    }
}
