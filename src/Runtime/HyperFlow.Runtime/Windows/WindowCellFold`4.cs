using System.Runtime.CompilerServices;
using HyperFlow.Storage.State;

namespace HyperFlow.Windows;

/// <summary>
/// A window fold as the aggregate function of the keyed state that holds <see cref="WindowCell{TAcc}"/>s:
/// the state backends take it as a type argument, so the fold is inlined into the state update.
/// </summary>
internal readonly struct WindowCellFold<TIn, TAcc, TOut, TFold> : IAggregateFunction<TIn, WindowCell<TAcc>, WindowCell<TAcc>>
    where TFold : struct, IWindowFold<TIn, TAcc, TOut>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public WindowCell<TAcc> CreateAccumulator() => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref WindowCell<TAcc> accumulator, in TIn value)
    {
        if (accumulator.Count == 0)
        {
            accumulator.Value = default(TFold).First(value);
        }
        else
        {
            default(TFold).Add(ref accumulator.Value, value);
        }

        accumulator.Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public WindowCell<TAcc> GetResult(in WindowCell<TAcc> accumulator) => accumulator;
}
