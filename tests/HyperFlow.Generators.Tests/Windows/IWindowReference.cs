namespace HyperFlow.Generators.Tests.Windows;

/// <summary>
/// An obviously correct, slow model of a window operator over events (key, value, time), with the
/// semantics of Flink's <c>WindowOperator</c> (adapted from the runtime's window tests).
/// </summary>
internal interface IWindowReference
{
    /// <summary>Adds an event: results of windows it fires at once go to <paramref name="results"/>, a late event to <paramref name="late"/>.</summary>
    void Add((long Key, long Value, long Time) e, List<WindowOut> results, List<(long Key, long Value, long Time)> late);

    /// <summary>Advances the watermark, firing the windows it reaches.</summary>
    void AdvanceWatermark(long watermark, List<WindowOut> results);
}
