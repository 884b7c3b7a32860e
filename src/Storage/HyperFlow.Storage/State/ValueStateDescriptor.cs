namespace HyperFlow.Storage.State;

/// <summary>Describes a <see cref="ValueState{T}"/>: one value per key.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="name">The state's name, unique within its operator.</param>
public sealed class ValueStateDescriptor<T>(string name) : StateDescriptor(name)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Value;
}
