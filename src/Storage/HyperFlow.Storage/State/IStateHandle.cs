namespace HyperFlow.Storage.State;

/// <summary>Implemented by every backend's state handles: gives the store the table behind the handle.</summary>
internal interface IStateHandle
{
    IStateTable Table { get; }
}
