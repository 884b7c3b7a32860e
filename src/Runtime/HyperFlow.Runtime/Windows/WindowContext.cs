namespace HyperFlow.Windows;

/// <summary>What a <see cref="IProcessWindowFunction{TKey, TIn, TOut}"/> knows about the window it processes.</summary>
/// <param name="Window">The window (its start, end and result timestamp).</param>
/// <param name="CurrentWatermark">The operator's watermark when the window fired.</param>
/// <param name="CurrentProcessingTime">The processing time when the window fired, in Unix milliseconds.</param>
public readonly record struct WindowContext(TimeWindow Window, long CurrentWatermark, long CurrentProcessingTime);
