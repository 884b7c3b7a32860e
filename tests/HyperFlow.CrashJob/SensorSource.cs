using System.Buffers.Binary;
using System.Diagnostics;

namespace HyperFlow.CrashJob;

/// <summary>
/// A rewindable source of <c>events</c> sensor readings over <see cref="Partitions"/> partitions: reading
/// <c>o</c> of partition <c>q</c> is <see cref="At"/>(q, o), a pure function, with timestamps ascending per
/// partition. Subtask <c>i</c> of <c>p</c> reads the partitions <c>q</c> with <c>q mod p = i</c>; its position
/// is the next offset of each, so a restore finds every partition's offset whichever subtask read it.
/// With a positive <c>ratePerMs</c> each partition delivers at most that many readings per millisecond since
/// its reader's first read, so a run lasts long enough to be killed in the middle; the content is the same.
/// </summary>
/// <param name="events">The number of readings over all partitions.</param>
/// <param name="ratePerMs">The most readings per partition and millisecond of wall time; 0 for no limit.</param>
internal sealed class SensorSource(long events, double ratePerMs) : ICheckpointedSource<SensorReading>
{
    public const int Partitions = 4;
    public const long Sensors = 32;

    /// <summary>Readings per partition and millisecond of event time.</summary>
    public const long EventsPerMs = 8;

    private const int PositionBytes = 12;

    /// <summary>Reading <paramref name="offset"/> of <paramref name="partition"/>.</summary>
    public static SensorReading At(int partition, long offset)
    {
        // A multiplicative hash spreads consecutive readings of a partition over the sensors.
        ulong mixed = ((ulong)offset * 0x9E3779B97F4A7C15UL) ^ ((ulong)(partition + 1) * 0xC2B2AE3D27D4EB4FUL);
        return new SensorReading((long)((mixed >> 32) % Sensors), ((offset * 7) + (partition * 13)) % 1000, offset / EventsPerMs);
    }

    /// <summary>The number of readings in <paramref name="partition"/> when the source holds <paramref name="total"/>.</summary>
    public static long CountOf(int partition, long total) => (total / Partitions) + (partition < total % Partitions ? 1 : 0);

    public ISourceReader<SensorReading> CreateReader(int subtask, int parallelism) => CreateReader(subtask, parallelism, []);

    public ICheckpointedSourceReader<SensorReading> CreateReader(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredPositions)
        => new Reader(events, ratePerMs, subtask, parallelism, restoredPositions);

    private sealed class Reader : ICheckpointedSourceReader<SensorReading>, IPartitionedSourceReader<SensorReading>
    {
        private readonly double _ratePerMs;
        private readonly int[] _partitions;
        private readonly long[] _offsets;
        private readonly long[] _restored;
        private readonly long[] _ends;
        private long _startedAt;
        private int _next;

        public Reader(long events, double ratePerMs, int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restored)
        {
            _ratePerMs = ratePerMs;
            _partitions = [.. Enumerable.Range(0, Partitions).Where(q => q % parallelism == subtask)];
            _offsets = new long[_partitions.Length];
            _ends = [.. _partitions.Select(q => CountOf(q, events))];
            // Each old position lists (partition, next offset) pairs; keep those of the partitions read here now.
            foreach (ReadOnlyMemory<byte> position in restored)
            {
                ReadOnlySpan<byte> bytes = position.Span;
                for (int at = 0; at + PositionBytes <= bytes.Length; at += PositionBytes)
                {
                    int index = Array.IndexOf(_partitions, BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]));
                    if (index >= 0)
                    {
                        _offsets[index] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(at + 4)..]);
                    }
                }
            }

            _restored = [.. _offsets];
        }

        public bool IsFinished
        {
            get
            {
                for (int i = 0; i < _offsets.Length; i++)
                {
                    if (_offsets[i] < _ends[i])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        public int PartitionCount => _partitions.Length;

        public int CurrentPartition { get; private set; }

        /// <summary>Reads from the next partition in turn that has readings due; one partition per call, as per-partition watermarks need.</summary>
        public int Read(Span<SensorReading> buffer)
        {
            if (_startedAt == 0)
            {
                _startedAt = Stopwatch.GetTimestamp();
            }

            long due = _ratePerMs > 0 ? (long)(Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds * _ratePerMs) : long.MaxValue;
            for (int turn = 0; turn < _partitions.Length; turn++)
            {
                int i = (_next + turn) % _partitions.Length;
                long limit = _ratePerMs > 0 ? Math.Min(_ends[i], _restored[i] + due) : _ends[i];
                int n = (int)Math.Min(buffer.Length, limit - _offsets[i]);
                if (n <= 0)
                {
                    continue;
                }

                for (int k = 0; k < n; k++)
                {
                    buffer[k] = At(_partitions[i], _offsets[i]++);
                }

                CurrentPartition = i;
                _next = i + 1;
                return n;
            }

            return 0;
        }

        public byte[] SnapshotPosition(long checkpointId)
        {
            byte[] bytes = new byte[_partitions.Length * PositionBytes];
            for (int i = 0; i < _partitions.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * PositionBytes), _partitions[i]);
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan((i * PositionBytes) + 4), _offsets[i]);
            }

            return bytes;
        }
    }
}
