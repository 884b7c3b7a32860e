namespace HyperFlow.Storage.State;

/// <summary>The kinds of keyed state, as in Apache Flink.</summary>
public enum StateKind
{
    /// <summary>One value per key (<see cref="ValueState{T}"/>).</summary>
    Value = 1,

    /// <summary>A list of values per key (<see cref="ListState{T}"/>).</summary>
    List = 2,

    /// <summary>A map per key (<see cref="MapState{TUserKey, TUserValue}"/>).</summary>
    Map = 3,

    /// <summary>Values folded into one by a reduce function (<see cref="ReducingState{T}"/>).</summary>
    Reducing = 4,

    /// <summary>Inputs folded into an accumulator by an aggregate function (<see cref="AggregatingState{TIn, TOut}"/>).</summary>
    Aggregating = 5,
}
