using System.Resources;

// The UI's default text (UiText.resx) is Chinese; other languages are satellite resources.
[assembly: NeutralResourcesLanguage("zh-CN")]
