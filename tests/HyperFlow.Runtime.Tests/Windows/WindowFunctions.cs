using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>A sum with a merge.</summary>
internal readonly struct SumAggregate : IMergingAggregateFunction<long, long, long>
{
    public long CreateAccumulator() => 0;

    public void Add(ref long accumulator, in long value) => accumulator += value;

    public long GetResult(in long accumulator) => accumulator;

    public long Merge(in long left, in long right) => left + right;
}

/// <summary>A sum without a merge (enough for tumbling windows).</summary>
internal readonly struct PlainSumAggregate : IAggregateFunction<long, long, long>
{
    public long CreateAccumulator() => 0;

    public void Add(ref long accumulator, in long value) => accumulator += value;

    public long GetResult(in long accumulator) => accumulator;
}

/// <summary>The largest value, as a reduce (its first element is its value: no neutral element needed).</summary>
internal readonly struct MaxReduce : IReduceFunction<long>
{
    public long Reduce(in long current, in long value) => Math.Max(current, value);
}

/// <summary>Count, sum and minimum in a struct accumulator, read out as a string.</summary>
internal readonly struct StatsAggregate : IMergingAggregateFunction<long, Stats, string>
{
    public Stats CreateAccumulator() => new(0, 0, long.MaxValue);

    public void Add(ref Stats accumulator, in long value) => accumulator = new(accumulator.Count + 1, accumulator.Sum + value, Math.Min(accumulator.Min, value));

    public string GetResult(in Stats accumulator) => Stats.Format(accumulator.Count, accumulator.Sum, accumulator.Min);

    public Stats Merge(in Stats left, in Stats right) => new(left.Count + right.Count, left.Sum + right.Sum, Math.Min(left.Min, right.Min));
}

internal readonly record struct Stats(long Count, long Sum, long Min)
{
    public static string Format(long count, long sum, long min) => FormattableString.Invariant($"{count}/{sum}/{min}");
}

/// <summary>The values themselves, sorted: an accumulator with references (serialized through MessagePack).</summary>
internal readonly struct ValuesAggregate : IMergingAggregateFunction<long, long[], string>
{
    public long[] CreateAccumulator() => [];

    public void Add(ref long[] accumulator, in long value) => accumulator = [.. accumulator, value];

    public string GetResult(in long[] accumulator) => Format(accumulator);

    public long[] Merge(in long[] left, in long[] right) => [.. left, .. right];

    public static string Format(IEnumerable<long> values) => string.Join(',', values.Order());
}
