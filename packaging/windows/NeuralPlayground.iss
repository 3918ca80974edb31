; Inno Setup 6 script for Neural Network Playground on Windows. It installs the one-folder app that PyInstaller
; built in dist\NeuralPlayground\ for the current user (no administrator rights needed; an administrator may choose
; all users instead), adds a Start-menu entry, and registers scenario files.
; Built by packaging\build_windows.ps1, which runs:  iscc /DAppVersion=<version> packaging\windows\NeuralPlayground.iss
; The installer lands in dist\NeuralPlayground-<version>-windows-x64-setup.exe.
;
; For every user of a computer, silently (from an administrator's command prompt, or a deployment tool):
;   NeuralPlayground-<version>-windows-x64-setup.exe /ALLUSERS /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; installs into C:\Program Files\NeuralPlayground (PrivilegesRequiredOverridesAllowed=dialog also allows /ALLUSERS
; and /CURRENTUSER on the command line); "C:\Program Files\NeuralPlayground\unins000.exe" /VERYSILENT removes it.
; The install folder is NeuralPlayground, not the app's full name: with a per-user install under a long user name
; (C:\Users\<name>\AppData\Local\Programs\...), the bundle's deepest paths must stay under 260 characters
; (tests/packaging/test_bundle_filters.py computes them).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Neural Network Playground"
#define AppExe "NeuralPlayground.exe"
#define Repo SourcePath + "..\.."

[Setup]
AppId={{5C3B7E0A-8F7D-4E51-9C1B-2A6F4D9E7B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\NeuralPlayground
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Repo}\dist
OutputBaseFilename=NeuralPlayground-{#AppVersion}-windows-x64-setup
SetupIconFile={#Repo}\build\icons\NeuralPlayground.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Repo}\dist\NeuralPlayground\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Repo}\build\icons\scenario.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Scenario files are named *.playground.json, and Windows types a file by its last extension only (.json). So the
; app offers itself for .json files ("Open with", where a teacher can tick "Always use this app"), with a file type
; of its own that carries the scenario icon. It does not take .json files away from the editor that has them.
Root: HKA; Subkey: "Software\Classes\NeuralPlayground.Scenario"; ValueType: string; ValueName: ""; ValueData: "{#AppName} scenario"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\NeuralPlayground.Scenario\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\scenario.ico"
Root: HKA; Subkey: "Software\Classes\NeuralPlayground.Scenario\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "NeuralPlayground.Scenario"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
