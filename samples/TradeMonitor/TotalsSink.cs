using System.Globalization;
using System.Runtime.InteropServices;
using HyperFlow;

namespace TradeMonitor;

/// <summary>
/// An upsert sink for running totals: keeps the latest total of each account and, when the input has
/// ended, writes the table as CSV (<c>account,total</c>, sorted by account) to a file, atomically
/// (a temporary file renamed over the target), so a reader never sees a half-written table.
/// </summary>
public sealed class TotalsSink : ISink<KeyedValue<long, long>>
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
    public ISinkWriter<KeyedValue<long, long>> CreateWriter(int subtask, int parallelism)
    {
        var writer = new Writer(this, parallelism);
        Volatile.Write(ref _writers, [.. _writers, writer]);
        return writer;
    }

    private void WriterCompleted(int parallelism)
    {
        if (Interlocked.Increment(ref _completed) != parallelism)
        {
            return;
        }

        // Keys are partitioned by key group, so no account appears in two subtasks' tables.
        var totals = new Dictionary<long, long>();
        foreach (Writer writer in _writers)
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

    private sealed class Writer(TotalsSink sink, int parallelism) : ISinkWriter<KeyedValue<long, long>>
    {
        public readonly Dictionary<long, long> Latest = [];
        public long Updates;

        public void Write(ReadOnlySpan<KeyedValue<long, long>> batch)
        {
            foreach (ref readonly KeyedValue<long, long> update in batch)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Latest, update.Key, out _) = update.Value;
            }

            Volatile.Write(ref Updates, Updates + batch.Length);
        }

        public void Complete() => sink.WriterCompleted(parallelism);
    }
}
