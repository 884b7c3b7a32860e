namespace HyperFlow.Windows;

/// <summary>
/// Wraps a trigger so that every firing also drops the window's contents: <see cref="TriggerResult.Fire"/>
/// becomes <see cref="TriggerResult.FireAndPurge"/> (Flink's <c>PurgingTrigger</c>).
/// </summary>
/// <typeparam name="TIn">The element type.</typeparam>
public sealed class PurgingTrigger<TIn> : WindowTrigger<TIn>
{
    private readonly WindowTrigger<TIn> _inner;

    /// <summary>Wraps a trigger.</summary>
    /// <param name="inner">The trigger that decides when to fire.</param>
    public PurgingTrigger(WindowTrigger<TIn> inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override bool CanMerge => _inner.CanMerge;

    /// <inheritdoc />
    public override TriggerResult OnElement(in TIn element, long timestamp, TimeWindow window, TriggerContext context)
        => Purging(_inner.OnElement(element, timestamp, window, context));

    /// <inheritdoc />
    public override TriggerResult OnEventTime(long time, TimeWindow window, TriggerContext context)
        => Purging(_inner.OnEventTime(time, window, context));

    /// <inheritdoc />
    public override TriggerResult OnProcessingTime(long time, TimeWindow window, TriggerContext context)
        => Purging(_inner.OnProcessingTime(time, window, context));

    /// <inheritdoc />
    public override void OnMerge(TimeWindow window, TriggerContext context) => _inner.OnMerge(window, context);

    /// <inheritdoc />
    public override void Clear(TimeWindow window, TriggerContext context) => _inner.Clear(window, context);

    private static TriggerResult Purging(TriggerResult result) => result == TriggerResult.Fire ? TriggerResult.FireAndPurge : result;
}
