import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type ScreenReaderInstructions,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Group, Stack } from '@mantine/core';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GripIcon } from '../icons';
import { moveFor } from '../ordering';
import type { Move } from '../types';

interface SortableItemProps {
  id: string;
  handleLabel: string;
  children: ReactNode;
}

function SortableItem({ id, handleLabel, children }: SortableItemProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id,
    });
  return (
    <Group
      ref={setNodeRef}
      gap="xs"
      wrap="nowrap"
      align="flex-start"
      data-sortable-id={id}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
        opacity: isDragging ? 0.85 : undefined,
      }}
    >
      <ActionIcon
        ref={setActivatorNodeRef}
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={handleLabel}
        style={{ cursor: 'grab', touchAction: 'none', flexShrink: 0 }}
        {...attributes}
        {...listeners}
      >
        <GripIcon />
      </ActionIcon>
      <div style={{ flex: 1, minWidth: 0 }}>{children}</div>
    </Group>
  );
}

interface SortableListProps<T extends { id: string }> {
  items: readonly T[];
  /** The accessible name of an item, used by its drag handle and the announcements. */
  nameOf: (item: T) => string;
  onMove: (id: string, move: Move) => void;
  children: (item: T) => ReactNode;
  gap?: string;
  /** Changes whenever the server's list is read again, so a refused move snaps back. */
  version?: number;
}

/**
 * A vertical list reordered by dragging the handles, or from the keyboard (focus a handle, Space,
 * arrows, Space). The new order shows at once; `onMove` names the moved item's new neighbour.
 */
export function SortableList<T extends { id: string }>({
  items,
  nameOf,
  onMove,
  children,
  gap = 'xs',
  version,
}: SortableListProps<T>) {
  const { t } = useTranslation();
  const serverOrder = items.map((item) => item.id).join('\n');
  const [order, setOrder] = useState<string[]>(() => items.map((item) => item.id));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger, not an input
  useEffect(() => {
    setOrder(serverOrder ? serverOrder.split('\n') : []);
  }, [serverOrder, version]);

  const byId = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const name = (id: string | number) => {
    const item = byId.get(String(id));
    return item ? nameOf(item) : '';
  };
  const position = (id: string | number) => order.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('studio.sortable.picked', {
        name: name(active.id),
        position: position(active.id),
        count: order.length,
      }),
    onDragOver: ({ active, over }) =>
      over
        ? t('studio.sortable.over', {
            name: name(active.id),
            position: position(over.id),
            count: order.length,
          })
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t('studio.sortable.dropped', {
            name: name(active.id),
            position: position(over.id),
            count: order.length,
          })
        : undefined,
    onDragCancel: ({ active }) => t('studio.sortable.cancelled', { name: name(active.id) }),
  };
  const screenReaderInstructions: ScreenReaderInstructions = { draggable: t('studio.sortable.instructions') };

  const handleDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const result = moveFor(order, String(active.id), String(over.id));
    if (!result) return;
    setOrder(result.order);
    onMove(String(active.id), result.move);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={handleDragEnd}
      accessibility={{ announcements, screenReaderInstructions }}
    >
      <SortableContext items={order} strategy={verticalListSortingStrategy}>
        <Stack gap={gap}>
          {order.map((id) => {
            const item = byId.get(id);
            if (!item) return null;
            return (
              <SortableItem
                key={id}
                id={id}
                handleLabel={t('studio.sortable.handle', { name: nameOf(item) })}
              >
                {children(item)}
              </SortableItem>
            );
          })}
        </Stack>
      </SortableContext>
    </DndContext>
  );
}
