/** Catches bugs thrown while rendering (user errors are values and never reach here) and says so. */
import { Component, type ReactNode } from 'react';
import { translate } from '../i18n';
import { useAppStore } from '../state/store';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.error(error);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    const lang = useAppStore.getState().lang;
    return (
      <div className="app-error" role="alert">
        <h1>{translate(lang, 'unexpectedError')}</h1>
        <pre>{this.state.error.message}</pre>
      </div>
    );
  }
}
