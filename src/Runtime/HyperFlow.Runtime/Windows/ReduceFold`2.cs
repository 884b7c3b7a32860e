using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// A reduce function as a window fold: a window's first element is its value, later ones are reduced
/// into it, and two parts of a window merge by reducing their values. Works for every kind of window.
/// </summary>
/// <typeparam name="T">The element and result type.</typeparam>
/// <typeparam name="TReduce">The reduce function, a struct.</typeparam>
public readonly struct ReduceFold<T, TReduce> : IWindowFold<T, T, T>
    where TReduce : struct, IReduceFunction<T>
{
    /// <inheritdoc />
    public bool CanMerge => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T First(in T value) => value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref T accumulator, in T value) => accumulator = default(TReduce).Reduce(accumulator, value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Merge(in T left, in T right) => default(TReduce).Reduce(left, right);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Result(in T accumulator) => accumulator;
}
