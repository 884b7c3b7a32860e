using HyperFlow;
using HyperFlow.Windows;

namespace HyperFlow.Bench;

/// <summary>
/// Folds window results into two checksums without keeping them: <see cref="Checksum"/> depends on every
/// result's key, window and value (<see cref="WindowChecksum.Of"/>); <see cref="ValueSum"/> is the plain
/// sum of the values.
/// </summary>
public sealed class WindowChecksumSink : ISink<WindowResult<long, long>>
{
    private long _checksum;
    private long _valueSum;
    private long _results;

    /// <summary>The checksum of the results.</summary>
    public long Checksum => Interlocked.Read(ref _checksum);

    /// <summary>The sum of the results' values.</summary>
    public long ValueSum => Interlocked.Read(ref _valueSum);

    /// <summary>The number of results.</summary>
    public long Results => Interlocked.Read(ref _results);

    /// <inheritdoc />
    public ISinkWriter<WindowResult<long, long>> CreateWriter(int subtask, int parallelism) => new Writer(this);

    private sealed class Writer(WindowChecksumSink sink) : ISinkWriter<WindowResult<long, long>>
    {
        public void Write(ReadOnlySpan<WindowResult<long, long>> batch)
        {
            long checksum = 0;
            long values = 0;
            foreach (WindowResult<long, long> result in batch)
            {
                checksum += WindowChecksum.Of(result.Key, result.Window.End, result.Value);
                values += result.Value;
            }

            Interlocked.Add(ref sink._checksum, checksum);
            Interlocked.Add(ref sink._valueSum, values);
            Interlocked.Add(ref sink._results, batch.Length);
        }

        public void Complete()
        {
        }
    }
}
