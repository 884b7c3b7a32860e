namespace HyperFlow.Windows;

/// <summary>What a <see cref="WindowTrigger{TIn}"/> decides for a window, as Flink's <c>TriggerResult</c>.</summary>
public enum TriggerResult
{
    /// <summary>Nothing happens.</summary>
    Continue = 0,

    /// <summary>The window's result is emitted; its contents stay (later firings include them).</summary>
    Fire = 1,

    /// <summary>The window's contents are dropped without a result (the window itself stays).</summary>
    Purge = 2,

    /// <summary>The window's result is emitted, then its contents are dropped.</summary>
    FireAndPurge = 3,
}
