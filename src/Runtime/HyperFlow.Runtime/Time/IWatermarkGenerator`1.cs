namespace HyperFlow;

/// <summary>
/// Generates the watermarks of one source partition from the timestamps of its events, with the shape
/// of Apache Flink's <c>WatermarkGenerator</c>: <see cref="OnEvent"/> sees every event,
/// <see cref="OnPeriodicEmit"/> is asked for a watermark after each batch the partition delivers.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// Implement it on a struct and name it as the type argument of
/// <see cref="IStream{T}.Timestamps{TGenerator}(TimestampFunction{T}, long)"/>: the fused chain calls it
/// directly (no interface dispatch per event). Each source partition starts from its own copy of
/// <c>new TGenerator()</c>, so fields hold per-partition state; a parameterless constructor may set
/// initial values.
/// </remarks>
/// <example>
/// <code>
/// // A watermark that trails the largest timestamp by a second, and only moves every 100 ms of event time.
/// public struct Coarse : IWatermarkGenerator&lt;Trade&gt;
/// {
///     private long _max;
///     public Coarse() => _max = long.MinValue;
///     public void OnEvent(in Trade value, long timestamp, ref WatermarkOutput output) => _max = Math.Max(_max, timestamp);
///     public void OnPeriodicEmit(ref WatermarkOutput output)
///     {
///         if (_max != long.MinValue) { output.EmitWatermark((_max - 1_000) / 100 * 100); }
///     }
/// }
/// </code>
/// </example>
public interface IWatermarkGenerator<T>
{
    /// <summary>Called for every event of the partition, with the timestamp the pipeline's <see cref="TimestampAttribute"/> method gave it.</summary>
    /// <param name="value">The event.</param>
    /// <param name="timestamp">Its timestamp.</param>
    /// <param name="output">The partition's watermark output; a generator may emit here (punctuated watermarks).</param>
    void OnEvent(in T value, long timestamp, ref WatermarkOutput output);

    /// <summary>Called after each batch of the partition (where Flink calls it on a timer): emit the watermark the events so far allow.</summary>
    /// <param name="output">The partition's watermark output.</param>
    void OnPeriodicEmit(ref WatermarkOutput output);
}
