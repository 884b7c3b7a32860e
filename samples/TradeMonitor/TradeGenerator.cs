using System.Buffers.Binary;
using HyperFlow;

namespace TradeMonitor;

/// <summary>
/// A deterministic source of trades: trade <c>i</c> is a pure function of <c>(seed, i)</c>, so every run
/// and every parallelism produces the same multiset of trades. Subtask <c>s</c> of <c>p</c> produces
/// the trades <c>i ≡ s (mod p)</c>. It is rewindable: a checkpoint holds each subtask's next index, and a
/// job restored from it (at the same parallelism) goes on from there.
/// </summary>
public sealed class TradeGenerator : ICheckpointedSource<Trade>
{
    private Reader[] _readers = [];

    /// <summary>Creates a generator.</summary>
    /// <param name="count">The number of trades; <c>null</c> for an unbounded stream.</param>
    /// <param name="accounts">The number of distinct accounts.</param>
    /// <param name="seed">The seed of the sequence.</param>
    public TradeGenerator(long? count, int accounts = 10_000, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count ?? 0, nameof(count));
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        Count = count ?? long.MaxValue;
        Accounts = accounts;
        Seed = seed;
    }

    /// <summary>The number of trades (<see cref="long.MaxValue"/> when unbounded).</summary>
    public long Count { get; }

    /// <summary>The number of distinct accounts.</summary>
    public int Accounts { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Trades produced so far by all readers (readable from any thread, for progress reports).</summary>
    public long Produced => Volatile.Read(ref _readers).Sum(static r => Volatile.Read(ref r.Produced));

    /// <summary>Trade number <paramref name="index"/> of the sequence.</summary>
    /// <param name="index">The trade's index.</param>
    /// <returns>The trade.</returns>
    public Trade At(long index)
    {
        ulong r1 = SplitMix(Seed + (ulong)index);
        ulong r2 = SplitMix(r1);
        return new Trade(
            Account: (long)(r1 % (ulong)Accounts),
            Price: 100 + (long)((r1 >> 32) % 100_000),
            Qty: 1 + (int)(r2 % 1_000),
            TimeMs: index);
    }

    /// <inheritdoc />
    public ISourceReader<Trade> CreateReader(int subtask, int parallelism) => CreateReader(subtask, parallelism, []);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">When the positions come from a run with another parallelism.</exception>
    public ICheckpointedSourceReader<Trade> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions)
    {
        ArgumentNullException.ThrowIfNull(restoredPositions);
        if (restoredPositions.Count != 0 && restoredPositions.Count != parallelism)
        {
            throw new InvalidOperationException(
                $"The trade generator was checkpointed with parallelism {restoredPositions.Count} (subtask s reads every {restoredPositions.Count}th trade from s), "
                + $"so it cannot go on with parallelism {parallelism}: run with --parallelism {restoredPositions.Count}, or with another --checkpoints directory to start over.");
        }

        long next = restoredPositions.Count == 0 ? subtask : BinaryPrimitives.ReadInt64LittleEndian(restoredPositions[subtask].Span);
        var reader = new Reader(this, next, parallelism);
        Volatile.Write(ref _readers, [.. _readers, reader]);
        return reader;
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private sealed class Reader(TradeGenerator generator, long next, int parallelism) : ICheckpointedSourceReader<Trade>
    {
        public long Produced;
        private long _next = next;

        public bool IsFinished => _next >= generator.Count;

        public int Read(Span<Trade> buffer)
        {
            int n = 0;
            long next = _next;
            long count = generator.Count;
            while (n < buffer.Length && next < count)
            {
                buffer[n++] = generator.At(next);
                next += parallelism;
            }

            _next = next;
            Volatile.Write(ref Produced, Produced + n);
            return n;
        }

        public byte[] SnapshotPosition(long checkpointId)
        {
            byte[] position = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(position, _next);
            return position;
        }
    }
}
