using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>An aggregate function with a merge as a window fold: works for every kind of window.</summary>
/// <typeparam name="TIn">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TOut">The result type.</typeparam>
/// <typeparam name="TAggregate">The aggregate function, a struct.</typeparam>
public readonly struct MergingAggregateFold<TIn, TAcc, TOut, TAggregate> : IWindowFold<TIn, TAcc, TOut>
    where TAggregate : struct, IMergingAggregateFunction<TIn, TAcc, TOut>
{
    /// <inheritdoc />
    public bool CanMerge => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TAcc First(in TIn value)
    {
        TAcc accumulator = default(TAggregate).CreateAccumulator();
        default(TAggregate).Add(ref accumulator, value);
        return accumulator;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref TAcc accumulator, in TIn value) => default(TAggregate).Add(ref accumulator, value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TAcc Merge(in TAcc left, in TAcc right) => default(TAggregate).Merge(left, right);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TOut Result(in TAcc accumulator) => default(TAggregate).GetResult(accumulator);
}
