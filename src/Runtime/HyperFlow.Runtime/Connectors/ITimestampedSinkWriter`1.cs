namespace HyperFlow;

/// <summary>
/// A sink writer that also receives event time: each record's timestamp when the stream has timestamps,
/// and the watermarks, in order with the records (as Flink's <c>SinkWriter.Context</c> and
/// <c>writeWatermark</c>). A writer that does not implement it receives the records only.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface ITimestampedSinkWriter<T> : ISinkWriter<T>
{
    /// <summary>
    /// Writes a batch of events of a stream with timestamps, instead of <see cref="ISinkWriter{T}.Write"/>.
    /// The spans are only valid during the call.
    /// </summary>
    /// <param name="batch">The events, in order.</param>
    /// <param name="timestamps">Their timestamps: <c>timestamps[i]</c> is that of <c>batch[i]</c>.</param>
    void Write(ReadOnlySpan<T> batch, ReadOnlySpan<long> timestamps);

    /// <summary>
    /// The sink's watermark advanced: no more events at or below it are expected; one written after
    /// this call with such a timestamp is late. <see cref="long.MaxValue"/> at the end of the input.
    /// </summary>
    /// <param name="watermark">The watermark.</param>
    void WriteWatermark(long watermark);
}
