import type { RouteObject } from 'react-router';
import { PaidQuestionPage } from './pages/PaidQuestionPage';
import { QuestionsPage } from './pages/QuestionsPage';

/** Paid questions to the owner: a community's list and ask form (/c/:slug/questions) and one question. */
export const paidRoutes: RouteObject[] = [
  { path: 'c/:slug/questions', element: <QuestionsPage /> },
  { path: 'paid-questions/:id', element: <PaidQuestionPage /> },
];
