namespace Rescue.Web.Components;

/// <summary>Names the UI's text resources: UiText.resx is Chinese (the default), UiText.en.resx English.</summary>
public sealed class UiText;
