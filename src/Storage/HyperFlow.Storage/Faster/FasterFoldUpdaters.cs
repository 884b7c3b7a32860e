using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>Replaces the stored cell (value state writes).</summary>
internal struct ReplaceUpdater<TCell> : IValueUpdater<TCell, TCell>
{
    public readonly TCell Initial(in TCell input) => input;

    public readonly void Update(ref TCell value, in TCell input) => value = input;
}

/// <summary>Reduces a value into the stored cell inside FASTER's update; an expired cell starts over.</summary>
internal struct ReduceUpdater<T, TReduce, TCell> : IValueUpdater<TCell, FasterFoldInput<T>>
    where TReduce : struct, IReduceFunction<T>
    where TCell : struct, ICell<TCell, T>
{
    public readonly TCell Initial(in FasterFoldInput<T> input)
    {
        TCell cell = default;
        TCell.Value(ref cell) = input.Value;
        TCell.SetExpiresAt(ref cell, input.ExpiresAt);
        return cell;
    }

    public readonly void Update(ref TCell value, in FasterFoldInput<T> input)
    {
        if (TCell.ExpiresAt(value) <= input.Now)
        {
            value = Initial(input);
            return;
        }

        ref T current = ref TCell.Value(ref value);
        current = default(TReduce).Reduce(current, input.Value);
        TCell.SetExpiresAt(ref value, input.ExpiresAt);
    }
}

/// <summary>Adds an input to the stored accumulator inside FASTER's update; an expired cell starts over.</summary>
internal struct AggregateUpdater<TIn, TAcc, TOut, TAggregate, TCell> : IValueUpdater<TCell, FasterFoldInput<TIn>>
    where TAggregate : struct, IAggregateFunction<TIn, TAcc, TOut>
    where TCell : struct, ICell<TCell, TAcc>
{
    public readonly TCell Initial(in FasterFoldInput<TIn> input)
    {
        TCell cell = default;
        ref TAcc accumulator = ref TCell.Value(ref cell);
        accumulator = default(TAggregate).CreateAccumulator();
        default(TAggregate).Add(ref accumulator, input.Value);
        TCell.SetExpiresAt(ref cell, input.ExpiresAt);
        return cell;
    }

    public readonly void Update(ref TCell value, in FasterFoldInput<TIn> input)
    {
        if (TCell.ExpiresAt(value) <= input.Now)
        {
            value = Initial(input);
            return;
        }

        default(TAggregate).Add(ref TCell.Value(ref value), input.Value);
        TCell.SetExpiresAt(ref value, input.ExpiresAt);
    }
}
