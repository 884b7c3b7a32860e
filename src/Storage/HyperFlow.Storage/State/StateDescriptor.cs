namespace HyperFlow.Storage.State;

/// <summary>
/// Names and configures a keyed state of an operator. The name identifies the state within its
/// operator in checkpoints and savepoints, so keep it stable across versions of a job.
/// </summary>
public abstract class StateDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="name">The state's name, unique within its operator.</param>
    protected StateDescriptor(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The state's name, unique within its operator.</summary>
    public string Name { get; }

    /// <summary>The kind of state.</summary>
    public abstract StateKind Kind { get; }

    /// <summary>Time to live of the entries; <c>null</c> (the default) keeps them until cleared.</summary>
    public StateTtl? Ttl { get; init; }

    /// <summary>Checks the descriptor; throws with a message naming the state when it is unusable.</summary>
    public void Validate() => Ttl?.Validate(Name);
}
