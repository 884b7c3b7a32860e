namespace HyperFlow;

/// <summary>The shape of a <see cref="MergeAttribute"/> method.</summary>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <param name="left">The accumulator of the earlier part of a window.</param>
/// <param name="right">The accumulator of the later part.</param>
/// <returns>The accumulator of both parts.</returns>
public delegate TAcc MergeFunction<TAcc>(in TAcc left, in TAcc right);
