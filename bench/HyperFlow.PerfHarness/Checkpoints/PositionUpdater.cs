using HyperFlow.Storage.State;

namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>Folds a <see cref="TradeFill"/> into an account's <see cref="AccountPosition"/> (FASTER read-modify-write).</summary>
internal readonly struct PositionUpdater : IValueUpdater<AccountPosition, TradeFill>
{
    public AccountPosition Initial(in TradeFill input) => new(input.PriceMicros, input.Quantity, 1);

    public void Update(ref AccountPosition value, in TradeFill input) =>
        value = new AccountPosition(input.PriceMicros, value.NetQuantity + input.Quantity, value.Trades + 1);
}
