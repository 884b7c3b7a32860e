using System.Diagnostics;
using FASTER.core;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The second pass of a <see cref="FasterBytesTable{TFold}"/> scan: over the same log, in the same
/// address order, passes on only the records the first pass (<see cref="FasterLatestRecords"/>)
/// found to be the latest of their key and not tombstones: every key with a value, once.
/// </summary>
/// <typeparam name="TScan">Receives the live records.</typeparam>
internal struct FasterLiveRecordFilter<TScan> : IScanIteratorFunctions<SpanByte, SpanByte>
    where TScan : IScanIteratorFunctions<SpanByte, SpanByte>
{
    private readonly long[] _live;
    private int _next;

    public FasterLiveRecordFilter(long[] live, TScan inner)
    {
        _live = live;
        Inner = inner;
    }

    /// <summary>The receiver, with the state it gathered.</summary>
    public TScan Inner;

    public bool OnStart(long beginAddress, long endAddress) => Inner.OnStart(beginAddress, endAddress);

    public bool SingleReader(ref SpanByte key, ref SpanByte value, RecordMetadata recordMetadata, long numberOfRecords) =>
        !IsLive(recordMetadata.Address) || Inner.SingleReader(ref key, ref value, recordMetadata, _next);

    public bool ConcurrentReader(ref SpanByte key, ref SpanByte value, RecordMetadata recordMetadata, long numberOfRecords) =>
        !IsLive(recordMetadata.Address) || Inner.ConcurrentReader(ref key, ref value, recordMetadata, _next);

    public void OnStop(bool completed, long numberOfRecords)
    {
        // The table is single-threaded and nothing ran between the passes: the log is the one the first pass read.
        Debug.Assert(!completed || _next == _live.Length, "A record the first pass found live was not met again.");
        Inner.OnStop(completed, _next);
    }

    public void OnException(Exception exception, long numberOfRecords) => Inner.OnException(exception, _next);

    // Both passes meet the records in address order, so the live addresses are met in theirs.
    private bool IsLive(long address)
    {
        if (_next < _live.Length && _live[_next] == address)
        {
            _next++;
            return true;
        }

        return false;
    }
}
