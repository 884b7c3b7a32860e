using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using HyperFlow;

namespace TradeMonitor;

/// <summary>
/// An upsert sink for running totals: keeps the latest total of each account and, when the input has
/// ended, writes the table as CSV (<c>account,total</c>, sorted by account) to a file, atomically
/// (a temporary file renamed over the target), so a reader never sees a half-written table. In a job with
/// checkpoints each subtask's table is part of the checkpoint, so a job restored from it ends with the
/// same table as a run that never stopped.
/// </summary>
public sealed class TotalsSink : ICheckpointedSink<KeyedValue<long, long>>
{
    private readonly string? _path;
    private Writer[] _writers = [];
    private int _completed;

    /// <summary>Creates the sink.</summary>
    /// <param name="path">The CSV file to write at the end; <c>null</c> to keep the table in memory only.</param>
    public TotalsSink(string? path) => _path = path;

    /// <summary>The updates received so far, over all subtasks.</summary>
    public long Updates => Volatile.Read(ref _writers).Sum(static w => w.Updates);

    /// <summary>The final table, available once the job has completed: account → total.</summary>
    public IReadOnlyDictionary<long, long> Totals { get; private set; } = new Dictionary<long, long>();

    /// <inheritdoc />
    public ISinkWriter<KeyedValue<long, long>> CreateWriter(int subtask, int parallelism) => CreateCheckpointedWriter(subtask, parallelism, []);

    /// <inheritdoc />
    public ICheckpointedSinkWriter<KeyedValue<long, long>> CreateCheckpointedWriter(int subtask, int parallelism, IReadOnlyList<ReadOnlyMemory<byte>> restoredStates)
    {
        ArgumentNullException.ThrowIfNull(restoredStates);
        var writer = new Writer(this, parallelism);
        foreach (ReadOnlyMemory<byte> state in restoredStates)
        {
            // (account, total) pairs of the table at the checkpoint.
            for (int at = 0; at + 16 <= state.Length; at += 16)
            {
                writer.Latest[BinaryPrimitives.ReadInt64LittleEndian(state.Span[at..])] = BinaryPrimitives.ReadInt64LittleEndian(state.Span[(at + 8)..]);
            }
        }

        Volatile.Write(ref _writers, [.. _writers, writer]);
        return writer;
    }

    private void WriterCompleted(int parallelism)
    {
        if (Interlocked.Increment(ref _completed) != parallelism)
        {
            return;
        }

        // Keys are partitioned by key group, so no account appears in two subtasks' tables. Writers of a run
        // that failed and was restarted in this process never complete and are left out.
        var totals = new Dictionary<long, long>();
        foreach (Writer writer in _writers.Where(static w => w.Completed))
        {
            foreach (KeyValuePair<long, long> entry in writer.Latest)
            {
                totals.Add(entry.Key, entry.Value);
            }
        }

        Totals = totals;
        if (_path is not null)
        {
            WriteCsv(_path, totals);
        }
    }

    private static void WriteCsv(string path, Dictionary<long, long> totals)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        using (var file = new StreamWriter(temp))
        {
            file.Write("account,total\n");
            foreach (KeyValuePair<long, long> entry in totals.OrderBy(static e => e.Key))
            {
                file.Write(entry.Key.ToString(CultureInfo.InvariantCulture));
                file.Write(',');
                file.Write(entry.Value.ToString(CultureInfo.InvariantCulture));
                file.Write('\n');
            }
        }

        File.Move(temp, full, overwrite: true);
    }

    private sealed class Writer(TotalsSink sink, int parallelism) : ICheckpointedSinkWriter<KeyedValue<long, long>>
    {
        public readonly Dictionary<long, long> Latest = [];
        public long Updates;
        public bool Completed;

        public void Write(ReadOnlySpan<KeyedValue<long, long>> batch)
        {
            foreach (ref readonly KeyedValue<long, long> update in batch)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Latest, update.Key, out _) = update.Value;
            }

            Volatile.Write(ref Updates, Updates + batch.Length);
        }

        public void Complete()
        {
            Completed = true;
            sink.WriterCompleted(parallelism);
        }

        // The table is the state: it is published once, at the end of the input, so there is nothing to commit.
        public byte[] PrepareCommit(long checkpointId)
        {
            byte[] state = new byte[Latest.Count * 16];
            int at = 0;
            foreach (KeyValuePair<long, long> entry in Latest)
            {
                BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(at), entry.Key);
                BinaryPrimitives.WriteInt64LittleEndian(state.AsSpan(at + 8), entry.Value);
                at += 16;
            }

            return state;
        }

        public void Commit(long checkpointId)
        {
        }
    }
}
