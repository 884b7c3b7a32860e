using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace HyperFlow.Connectors.Files.Tests.Committing;

/// <summary>
/// A committer of numbered committables that records what it committed, in order, with a global sequence
/// number; committing one again is a no-op (idempotent). <see cref="FailNext"/> makes the next commit throw
/// after committing part of its batch, as a crash in the middle of a batch would.
/// </summary>
internal sealed class RecordingCommitter : ICommitter<long>
{
    private long _sequence;

    /// <summary>Each committed committable and the sequence number its commit got; never one twice.</summary>
    public ConcurrentDictionary<long, long> Committed { get; } = new();

    /// <summary>The committables in the order they were first committed.</summary>
    public ConcurrentQueue<long> Order { get; } = new();

    public bool FailNext { get; set; }

    /// <summary>Called inside each commit, before anything is committed: what another thread might do meanwhile.</summary>
    public Action? DuringCommit { get; set; }

    /// <summary>Iterations of busy work per committable, standing for the time a real commit takes (a rename, a network round trip).</summary>
    public int WorkPerCommit { get; init; }

    public long Sequence => Volatile.Read(ref _sequence);

    public void Commit(IReadOnlyList<long> committables)
    {
        DuringCommit?.Invoke();
        for (int i = 0; i < committables.Count; i++)
        {
            if (FailNext && i == committables.Count / 2)
            {
                FailNext = false;
                throw new IOException("The commit failed half-way (injected).");
            }

            Thread.SpinWait(WorkPerCommit);
            if (Committed.TryAdd(committables[i], Interlocked.Increment(ref _sequence)))
            {
                Order.Enqueue(committables[i]);
            }
        }
    }

    public void Serialize(long committable, IBufferWriter<byte> output)
    {
        // A variable length, so the state's framing is exercised: the value, then as many zero bytes as its last digit.
        int padding = (int)(committable % 10);
        Span<byte> span = output.GetSpan(sizeof(long) + padding);
        BinaryPrimitives.WriteInt64LittleEndian(span, committable);
        span.Slice(sizeof(long), padding).Clear();
        output.Advance(sizeof(long) + padding);
    }

    public long Deserialize(ReadOnlySpan<byte> serialized)
    {
        long value = BinaryPrimitives.ReadInt64LittleEndian(serialized);
        Assert.Equal(sizeof(long) + (value % 10), serialized.Length);
        return value;
    }
}
