using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>Adapts an <see cref="IFasterRecordVisitor{TKey, TValue}"/> to FASTER's push iteration.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TVisitor">The visitor type.</typeparam>
internal struct FasterScanAdapter<TKey, TValue, TVisitor> : IScanIteratorFunctions<TKey, TValue>
    where TKey : notnull
    where TValue : struct
    where TVisitor : IFasterRecordVisitor<TKey, TValue>
{
    public TVisitor Visitor;
    public long Visited;
    public Exception? Failure;

    public FasterScanAdapter(TVisitor visitor) => Visitor = visitor;

    public bool OnStart(long beginAddress, long endAddress) => true;

    public bool SingleReader(ref TKey key, ref TValue value, RecordMetadata recordMetadata, long numberOfRecords) => Visit(ref key, ref value);

    public bool ConcurrentReader(ref TKey key, ref TValue value, RecordMetadata recordMetadata, long numberOfRecords) => Visit(ref key, ref value);

    public void OnStop(bool completed, long numberOfRecords)
    {
    }

    // FASTER reports a visitor's exception here; the table rethrows it after the scan.
    public void OnException(Exception exception, long numberOfRecords) => Failure = exception;

    private bool Visit(ref TKey key, ref TValue value)
    {
        Visited++;
        return Visitor.Visit(FasterKeyComparer<TKey>.StableHash(in key), in key, in value);
    }
}
