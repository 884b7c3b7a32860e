using System.Collections.Concurrent;

namespace HyperFlow.Generators.Tests.Windows;

/// <summary>Keeps what each sink subtask receives, in order: records with their timestamps (when the stream has them) and watermarks.</summary>
internal sealed class TimedSink<T> : ISink<T>
{
    private readonly ConcurrentDictionary<int, List<Entry>> _bySubtask = new();

    public IEnumerable<int> Subtasks => _bySubtask.Keys;

    public IReadOnlyList<Entry> Entries(int subtask) => _bySubtask.GetValueOrDefault(subtask) ?? [];

    public IEnumerable<T> AllRecords => _bySubtask.Values.SelectMany(v => v).Where(e => !e.IsWatermark).Select(e => e.Value);

    /// <summary>
    /// A subtask's records cut at its watermarks: segment i holds the records that came after watermark
    /// i − 1 and before watermark i; the records after the last watermark come last, with no watermark.
    /// </summary>
    public List<(long? Watermark, List<(T Value, long Time)> Records)> Segments(int subtask)
    {
        var segments = new List<(long?, List<(T, long)>)>();
        var current = new List<(T, long)>();
        foreach (Entry entry in Entries(subtask))
        {
            if (entry.IsWatermark)
            {
                segments.Add((entry.Time, current));
                current = [];
            }
            else
            {
                current.Add((entry.Value, entry.Time));
            }
        }

        segments.Add((null, current));
        return segments;
    }

    public ISinkWriter<T> CreateWriter(int subtask, int parallelism) => new Writer(_bySubtask.GetOrAdd(subtask, _ => []));

    internal readonly record struct Entry(bool IsWatermark, T Value, long Time);

    private sealed class Writer(List<Entry> entries) : ITimestampedSinkWriter<T>
    {
        public void Write(ReadOnlySpan<T> batch)
        {
            foreach (T value in batch)
            {
                entries.Add(new Entry(false, value, long.MinValue));
            }
        }

        public void Write(ReadOnlySpan<T> batch, ReadOnlySpan<long> timestamps)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                entries.Add(new Entry(false, batch[i], timestamps[i]));
            }
        }

        public void WriteWatermark(long watermark) => entries.Add(new Entry(true, default!, watermark));

        public void Complete()
        {
        }
    }
}
