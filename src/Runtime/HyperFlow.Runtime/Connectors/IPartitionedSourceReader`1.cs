namespace HyperFlow;

/// <summary>
/// A source reader that reads several source partitions (splits, such as Kafka partitions) and says
/// which one each batch came from, so that a stream with timestamps generates watermarks per
/// partition and merges them as the minimum: a partition that lags holds the watermark back instead
/// of seeing its events turn late. A reader that does not implement it is one partition.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
/// <remarks>
/// Every <see cref="ISourceReader{T}.Read"/> call must return events of one partition only. Both
/// properties are read after each read that returned events.
/// </remarks>
public interface IPartitionedSourceReader<T> : ISourceReader<T>
{
    /// <summary>
    /// The number of partitions the reader reads, numbered from 0. It may grow while the job runs (a
    /// partition assigned later), never shrink. A partition that has delivered nothing yet holds the
    /// watermark back until it delivers or its idle timeout passes.
    /// </summary>
    int PartitionCount { get; }

    /// <summary>The partition the events returned by the last <see cref="ISourceReader{T}.Read"/> came from.</summary>
    int CurrentPartition { get; }
}
