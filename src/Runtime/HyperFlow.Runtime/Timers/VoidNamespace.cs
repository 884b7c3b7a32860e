namespace HyperFlow.Timers;

/// <summary>
/// The namespace of timers that belong to the key alone, such as those of a keyed process function
/// (window operators use the window as the namespace instead). It has one value, so it adds nothing
/// to a timer's identity.
/// </summary>
public readonly record struct VoidNamespace;
