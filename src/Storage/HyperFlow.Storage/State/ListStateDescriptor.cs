namespace HyperFlow.Storage.State;

/// <summary>Describes a <see cref="ListState{T}"/>: a list of values per key.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="name">The state's name, unique within its operator.</param>
public sealed class ListStateDescriptor<T>(string name) : StateDescriptor(name)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.List;
}
