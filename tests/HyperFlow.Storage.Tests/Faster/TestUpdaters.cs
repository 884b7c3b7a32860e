using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Tests.Faster;

/// <summary>Adds the input to the value.</summary>
internal struct AddUpdater : IValueUpdater<long, long>
{
    public readonly long Initial(in long input) => input;

    public readonly void Update(ref long value, in long input) => value += input;
}

/// <summary>An order-sensitive fold (value * 31 + input): any reordering of one key's updates changes the result.</summary>
internal struct HornerUpdater : IValueUpdater<long, long>
{
    public readonly long Initial(in long input) => input;

    public readonly void Update(ref long value, in long input) => value = Fold(value, input);

    public static long Fold(long value, long input) => unchecked((value * 31) + input);
}
