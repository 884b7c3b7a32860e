namespace HyperFlow.Storage.State;

/// <summary>Describes a <see cref="MapState{TUserKey, TUserValue}"/>: a map per key.</summary>
/// <typeparam name="TUserKey">The type of the map's keys.</typeparam>
/// <typeparam name="TUserValue">The type of the map's values.</typeparam>
/// <param name="name">The state's name, unique within its operator.</param>
public sealed class MapStateDescriptor<TUserKey, TUserValue>(string name) : StateDescriptor(name)
    where TUserKey : notnull
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Map;
}
