using System.Runtime.CompilerServices;

namespace HyperFlow.Runtime.Time;

/// <summary>
/// The event time of one source subtask with a given watermark generator: one copy of the generator
/// per source partition. Generated chains call <see cref="OnEvent"/> for every record, with the
/// record's timestamp; the generator is a struct type argument, so the call is direct and inlined.
/// </summary>
/// <typeparam name="T">The type of the records the timestamps are taken from.</typeparam>
/// <typeparam name="TGenerator">The watermark generator.</typeparam>
public sealed class SourceWatermarks<T, TGenerator> : SourceWatermarks
    where TGenerator : struct, IWatermarkGenerator<T>
{
    private readonly TGenerator _initial;
    private TGenerator[] _generators;
    private TGenerator _generator;

    internal SourceWatermarks(TGenerator generator, int partitions, long idleTimeoutMs, long now)
        : base(partitions, idleTimeoutMs, now)
    {
        _initial = generator;
        _generators = new TGenerator[partitions];
        Array.Fill(_generators, generator);
    }

    /// <summary>Shows a record of the current batch and its timestamp to the batch's partition's generator.</summary>
    /// <param name="value">The record.</param>
    /// <param name="timestamp">Its timestamp.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(in T value, long timestamp) => _generator.OnEvent(in value, timestamp, ref Output);

    private protected override void GrowGenerators(int count)
    {
        int old = _generators.Length;
        Array.Resize(ref _generators, count);
        Array.Fill(_generators, _initial, old, count - old);
    }

    private protected override void SwapIn(int partition) => _generator = _generators[partition];

    private protected override void PeriodicEmit(int partition)
    {
        _generator.OnPeriodicEmit(ref Output);
        _generators[partition] = _generator;
    }
}
