using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// A FASTER-backed state copied out for a snapshot (its live entries in canonical form), written
/// while the state keeps changing.
/// </summary>
internal sealed class FasterFrozenState(StateDescriptor descriptor, RawState raw) : IStateTable
{
    public StateDescriptor Descriptor => descriptor;

    public long Entries => raw.Count;

    public long SizeBytes => raw.SizeBytes;

    public void Release()
    {
    }

    public IStateTable Freeze() => this;

    public void Export(SnapshotWriter writer, long now) => raw.WriteTo(writer, now);

    public void Import(RawState restored) => throw new InvalidOperationException("A frozen snapshot is read-only.");
}
